import type { editor } from "monaco-editor";

/**
 * Puts new text into an editor's model as one undoable edit, keeping the cursor and
 * selections where they were (clamped to the new text). Used only when the document changed
 * underneath the person editing (a save, a rebase, a discarded draft), never for their typing.
 */
export function replaceModelText(target: editor.IStandaloneCodeEditor, text: string): void {
  const model = target.getModel();
  if (!model || model.getValue() === text) return;
  const selections = target.getSelections();
  target.pushUndoStop();
  model.pushEditOperations(
    selections ?? [],
    [{ range: model.getFullModelRange(), text }],
    () => null,
  );
  target.pushUndoStop();
  if (selections)
    target.setSelections(
      selections.map((s) => {
        const start = model.validatePosition(s.getSelectionStart());
        const end = model.validatePosition(s.getPosition());
        return {
          selectionStartLineNumber: start.lineNumber,
          selectionStartColumn: start.column,
          positionLineNumber: end.lineNumber,
          positionColumn: end.column,
        };
      }),
    );
}
