/** A form's failure, read out as it appears; nothing when there is none. */
export function FormAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="text-sm text-red-800">
      {message}
    </p>
  );
}
