import { formatBytes, SESSION_TOKEN_GUIDANCE_BYTES, type BagSize } from "@/lib/metadata/sizes";

/** A bag's size against Clerk's 8 KB limit (and, for public metadata, the 1.2 KB token guidance). */
export function SizeMeter({ size }: { size: BagSize }) {
  const percent = Math.min(100, Math.round((size.bytes / size.limit) * 100));
  const tone = size.overLimit ? "bg-red-600" : percent > 80 ? "bg-amber-500" : "bg-emerald-600";
  return (
    <div className="text-xs text-slate-700">
      <div className="flex flex-wrap justify-between gap-2">
        <span className={size.overLimit ? "font-semibold text-red-800" : undefined}>
          {formatBytes(size.bytes)} of {formatBytes(size.limit)} limit
        </span>
        {size.overTokenGuidance !== null && (
          <span className={size.overTokenGuidance ? "font-semibold text-amber-800" : undefined}>
            {size.overTokenGuidance ? "Over" : "Within"} the 1.2 KB session-token guidance (
            {SESSION_TOKEN_GUIDANCE_BYTES} B)
          </span>
        )}
      </div>
      <div className="mt-1 h-1.5 rounded bg-slate-200" aria-hidden="true">
        <div className={`h-1.5 rounded ${tone}`} style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
