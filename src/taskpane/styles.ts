/**
 * Style rules of components that load on demand but must look the same wherever they appear; the
 * pane's root writes them once with the rest of its CSS (so a lazy view adds no style element).
 */

/** The date field (components/DateField.tsx). */
export const DATE_FIELD_CSS = `
.df{min-width:0}
.df-label{display:block;font-size:var(--fontSizeBase200);font-weight:var(--fontWeightSemibold);margin-bottom:2px}
.df-row{display:flex;gap:4px;align-items:center;position:relative;min-width:0}
.df-input{box-sizing:border-box;flex:1 1 auto;min-width:0;width:100%;height:28px;padding:0 6px;font:inherit;font-size:var(--fontSizeBase300);font-variant-numeric:tabular-nums;border:1px solid var(--colorNeutralStroke1);border-bottom-color:var(--colorNeutralStrokeAccessible);border-radius:var(--borderRadiusMedium);background:var(--colorNeutralBackground1);color:var(--colorNeutralForeground1)}
.df-input[aria-invalid=true]{border-color:var(--colorPaletteRedBorder2)}
.df-pick{flex:0 0 auto;width:28px;height:28px;border:1px solid var(--colorNeutralStroke1);border-radius:var(--borderRadiusMedium);background:var(--colorNeutralBackground1);cursor:pointer;font-size:14px;line-height:1;padding:0}
.df-native{position:absolute;right:0;bottom:0;width:1px;height:1px;opacity:0;pointer-events:none;border:0;padding:0}
.df-hint{display:block;font-size:var(--fontSizeBase100);color:var(--colorNeutralForeground3)}
.df-error{color:var(--colorPaletteRedForeground1)}
`;

/** Importer, origin and date side by side where they fit, each on its own line in a narrow pane (so a menu shows its whole value). */
export const TARIFF_STACK_CSS = `
.ts-controls{display:flex;flex-wrap:wrap;gap:4px 12px;align-items:flex-start}
.ts-field{flex:1 1 150px;min-width:0}
@media (max-width:400px){.ts-field{flex-basis:100%}}
`;
