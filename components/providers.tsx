"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { z } from "zod";
import { getQueryClient } from "@/lib/query/query-client";

// Zod compiles parsers with `new Function` when it may; the Content-Security-Policy forbids
// eval, and even zod's own probe for it would be reported as a violation.
z.config({ jitless: true });

export function Providers({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={getQueryClient()}>{children}</QueryClientProvider>;
}
