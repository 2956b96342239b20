/**
 * The one way the pane takes a date: ISO text ("2026-01-15", what TRADE functions and the data use),
 * typed or pasted, with a calendar button beside it that opens the browser's date picker and writes
 * the chosen day back as ISO text. A date that is not a real YYYY-MM-DD calendar day is shown as an
 * error next to the field, never guessed.
 */
import { useId, useRef } from "react";
import { isIsoDate } from "../model/tariff";

export function DateField({
  label,
  value,
  onChange,
  testId,
  hint = "YYYY-MM-DD",
}: {
  label: string;
  value: string;
  onChange(v: string): void;
  testId: string;
  hint?: string;
}) {
  const id = useId();
  const picker = useRef<HTMLInputElement>(null);
  const ok = isIsoDate(value.trim());
  const open = () => {
    const p = picker.current;
    if (!p) return;
    if (ok) p.value = value.trim();
    // showPicker (Chromium 99+, Safari 16+) opens the native calendar; older engines focus the field.
    const show = (p as HTMLInputElement & { showPicker?: () => void }).showPicker;
    try {
      if (show) show.call(p);
      else p.focus();
    } catch {
      p.focus();
    }
  };
  return (
    <div className="df">
      <label htmlFor={id} className="df-label">
        {label}
      </label>
      <div className="df-row">
        <input
          id={id}
          className="df-input"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          placeholder="YYYY-MM-DD"
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          aria-invalid={ok ? undefined : true}
          aria-describedby={`${id}-hint`}
          data-testid={testId}
        />
        <button type="button" className="df-pick" onClick={open} aria-label={`${label}: choose a day in a calendar`} title="Choose a day in a calendar">
          📅
        </button>
        {/* The native picker only feeds the text field; it is never tabbed to or read out. */}
        <input ref={picker} type="date" className="df-native" tabIndex={-1} aria-hidden="true" onChange={(e) => e.currentTarget.value && onChange(e.currentTarget.value)} />
      </div>
      <span id={`${id}-hint`} className={ok ? "df-hint" : "df-hint df-error"} role={ok ? undefined : "alert"}>
        {ok ? hint : "Enter the date as YYYY-MM-DD, e.g. 2026-01-15."}
      </span>
    </div>
  );
}
