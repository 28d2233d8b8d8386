import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import "./globals.css";

// Every page renders per request, so each gets the Content-Security-Policy nonce of its own
// response (proxy.ts); a prerendered page would carry scripts without one.
export const dynamic = "force-dynamic";

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
