/**
 * Insert buttons. In Excel: insert the block at the selected cell (disabled-but-focusable while an
 * insert runs). In preview (no Excel), the same button copies the block instead ("Copy formula"),
 * to paste into a workbook, rather than looking enabled and doing nothing.
 */
import { Button } from "@fluentui/react-components";
import type { Block } from "../../core/blocks";
import { useActions } from "../context";

export function InsertButton({
  block,
  children,
  appearance,
  title,
  disabled = false,
  copyLabel = "Copy formula",
  "aria-label": ariaLabel,
  "data-quick": quick,
}: {
  block: () => Block;
  children: React.ReactNode;
  appearance?: "primary" | "secondary";
  title?: string;
  /** Disabled for another reason than preview mode (e.g. incomplete inputs). */
  disabled?: boolean;
  /** The button's text in preview mode, where it copies the block: "Copy formula" unless it is a value or a table. */
  copyLabel?: string;
  "aria-label"?: string;
  /** Marks a search result's quick insert (tests). */
  "data-quick"?: string;
}) {
  const { canInsert, insert, copy, busy = false } = useActions();
  if (!canInsert)
    return (
      <Button
        size="small"
        appearance={appearance}
        aria-label={ariaLabel ? `${copyLabel}: ${ariaLabel.replace(/^Insert /, "")}` : undefined}
        disabledFocusable={disabled}
        title={`${copyLabel} to paste into Excel (open the add-in in Excel to insert)${title ? `: ${title}` : ""}`}
        onClick={() => {
          if (!disabled) copy(block());
        }}
        data-insert="1"
        data-copy="1"
        data-quick={quick}
      >
        {copyLabel}
      </Button>
    );
  return (
    <Button
      size="small"
      appearance={appearance}
      aria-label={ariaLabel}
      disabledFocusable={disabled || busy}
      title={title}
      onClick={() => {
        if (!disabled && !busy) insert(block());
      }}
      data-insert="1"
      data-quick={quick}
    >
      {children}
    </Button>
  );
}
