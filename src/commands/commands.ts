/**
 * Ribbon command surface. The only button (Home › Rare Earth Trade › Open) is a
 * ShowTaskpane action declared in manifest.xml, so there is no command code;
 * office.js initialisation is awaited (through src/office/host.ts, where every
 * Office call lives) so that the shared runtime finishes initialising.
 */
import { whenOfficeReady } from "../office/host";

void whenOfficeReady();
