import { FluentProvider, MessageBar, MessageBarBody, MessageBarTitle, Subtitle2, Text, webLightTheme } from "@fluentui/react-components";
import { ADDIN_VERSION } from "../core/version";
import type { HostInfo } from "./host";

export function App({ host }: { host: HostInfo }) {
  return (
    <FluentProvider theme={webLightTheme} style={{ minHeight: "100vh", padding: 12, boxSizing: "border-box" }}>
      <header>
        <Subtitle2 as="h1">Rare Earth Trade Modeler</Subtitle2>
        <Text size={200} as="p" data-testid="version">
          Version {ADDIN_VERSION}
        </Text>
      </header>
      <main>
        {host.mode === "preview" ? (
          <MessageBar intent="info" data-testid="preview-banner">
            <MessageBarBody>
              <MessageBarTitle>Preview</MessageBarTitle>
              Open in Excel to insert data. Everything else works here.
            </MessageBarBody>
          </MessageBar>
        ) : (
          <Text as="p" data-testid="excel-ready">
            Connected to Excel. Type =TRADE. in a cell to see the functions.
          </Text>
        )}
      </main>
    </FluentProvider>
  );
}
