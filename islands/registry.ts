/**
 * Every island the pages may hydrate, by the name written into `data-island`. The server's
 * `Island` helper (routes/pages.tsx) and the browser entry (islands/main.ts) both read this one
 * object, so a name can only refer to a component that exists.
 */
import { HomeForm } from "./HomeForm.tsx";
import { LobbyApp } from "./LobbyApp.tsx";
import { StatusPage } from "./StatusPage.tsx";

/** The island registry. */
export const islands = { HomeForm, LobbyApp, StatusPage } as const;

/** The name of an island. */
export type IslandName = keyof typeof islands;
