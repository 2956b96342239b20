/**
 * Fluent theme for the pane: webLightTheme or webDarkTheme (with the pane's
 * font, PANE_FONT_FAMILY), picked from the Office theme's body background when
 * the host provides one, with the host's body/control colours mapped onto the
 * Fluent neutral tokens.
 */
import { type Theme, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import type { HostInfo } from "../office/host";
import { PANE_FONT_FAMILY } from "./shell";

function luminance(hex: string): number | undefined {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return undefined;
  const n = parseInt(m[1], 16);
  const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

/** Fluent's themes with the pane's font (PANE_FONT_FAMILY: the static shell's too), made once so the provider's theme object stays the same. */
const LIGHT: Theme = { ...webLightTheme, fontFamilyBase: PANE_FONT_FAMILY };
const DARK: Theme = { ...webDarkTheme, fontFamilyBase: PANE_FONT_FAMILY };

export function themeFor(host: HostInfo): Theme {
  const t = host.theme;
  const bg = t?.bodyBackgroundColor;
  const lum = bg ? luminance(bg) : undefined;
  const base = lum !== undefined && lum < 0.3 ? DARK : LIGHT;
  if (!t || lum === undefined) return base;
  const theme: Theme = { ...base };
  if (t.bodyBackgroundColor) theme.colorNeutralBackground1 = t.bodyBackgroundColor;
  if (t.bodyForegroundColor) theme.colorNeutralForeground1 = t.bodyForegroundColor;
  if (t.controlBackgroundColor) theme.colorNeutralBackground3 = t.controlBackgroundColor;
  if (t.controlForegroundColor) theme.colorNeutralForeground3 = t.controlForegroundColor;
  return theme;
}
