// Types for the three Monaco internals that monaco-hover-delegates.ts reaches; the package ships
// no declarations for its modules below the public API.
declare module "monaco-editor/base/browser/ui/hover/hoverDelegateFactory.js" {
  export function setHoverDelegateFactory(
    factory: (placement: "mouse" | "element", instantHover: boolean) => unknown,
  ): void;
}

declare module "monaco-editor/editor/standalone/browser/standaloneServices.js" {
  export const StandaloneServices: { get<T>(serviceId: unknown): T };
}

declare module "monaco-editor/platform/instantiation/common/instantiation.js" {
  export const IInstantiationService: unknown;
}

declare module "monaco-editor/platform/hover/browser/hover.js" {
  export const WorkbenchHoverDelegate: unknown;
}
