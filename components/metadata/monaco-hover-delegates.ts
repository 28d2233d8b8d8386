"use client";

import { setHoverDelegateFactory } from "monaco-editor/base/browser/ui/hover/hoverDelegateFactory.js";
import { WorkbenchHoverDelegate } from "monaco-editor/platform/hover/browser/hover.js";
import { StandaloneServices } from "monaco-editor/editor/standalone/browser/standaloneServices.js";
import { IInstantiationService } from "monaco-editor/platform/instantiation/common/instantiation.js";

type Instantiation = { createInstance(ctor: unknown, ...args: unknown[]): unknown };

/**
 * Monaco keeps one page-wide factory for the tooltips of its widgets, and every editor it makes
 * points that factory at its own services, including a diff editor's two inner editors, whose
 * services die with the diff (microsoft/monaco-editor#4612). Any widget built after a diff
 * closed — an editor's suggestion list, which Monaco builds when the browser is first idle or on
 * first use — then threw "InstantiationService has been disposed", and when that happened while
 * a page was being left, the next page was replaced by the error page. This points the factory
 * back at Monaco's shared services, which live as long as the page, exactly as an editor made by
 * monaco.editor.create does.
 */
export function pointHoverDelegatesAtSharedServices() {
  const services = StandaloneServices.get<Instantiation>(IInstantiationService);
  setHoverDelegateFactory((placement, instantHover) =>
    services.createInstance(WorkbenchHoverDelegate, placement, { instantHover }, {}),
  );
}
