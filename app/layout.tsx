import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Metadeck", template: "%s · Metadeck" },
  description: "Search Clerk users and edit their metadata safely.",
  icons: { icon: "/favicon.svg" },
  // An internal console: robots.txt says the same to crawlers that never load a page.
  robots: { index: false, follow: false },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
