/** Insert buttons: disabled-but-focusable in preview mode (described by the banner) and while an insert runs. */
import { Button } from "@fluentui/react-components";
import type { Block } from "../model/blocks";
import { useActions } from "../context";

export function InsertButton({
  block,
  children,
  appearance,
  title,
  disabled = false,
  "aria-label": ariaLabel,
  "data-quick": quick,
}: {
  block: () => Block;
  children: React.ReactNode;
  appearance?: "primary" | "secondary";
  title?: string;
  /** Disabled for another reason than preview mode (e.g. incomplete inputs). */
  disabled?: boolean;
  "aria-label"?: string;
  /** Marks a search result's quick insert (tests). */
  "data-quick"?: string;
}) {
  const { canInsert, insert, busy = false } = useActions();
  return (
    <Button
      size="small"
      appearance={appearance}
      aria-label={ariaLabel}
      disabledFocusable={!canInsert || disabled || busy}
      aria-describedby={canInsert ? undefined : "preview-banner"}
      title={canInsert ? title : `Open the add-in in Excel to insert${title ? `: ${title}` : ""}`}
      onClick={() => {
        if (canInsert && !disabled && !busy) insert(block());
      }}
      data-insert="1"
      data-quick={quick}
    >
      {children}
    </Button>
  );
}
