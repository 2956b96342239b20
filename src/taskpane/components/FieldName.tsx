/** A snake_case field name that wraps after an underscore, not inside a word, in a narrow column. */
import { Fragment } from "react";

export function FieldName({ name }: { name: string }) {
  const parts = name.split("_");
  // <wbr> adds a break opportunity and no text: the cell's text (and what a screen reader says)
  // stays the field name as written.
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {p}
          {i < parts.length - 1 ? (
            <>
              _<wbr />
            </>
          ) : null}
        </Fragment>
      ))}
    </>
  );
}
