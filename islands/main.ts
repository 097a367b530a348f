/**
 * The browser entry, bundled into `static/build/islands.js` by `tools/build.ts`.
 *
 * Partial hydration, as Fresh does it: the server renders the whole page to HTML and wraps each
 * interactive part in `<div data-island="Name" data-props="{...}">`. Here every such element is
 * hydrated with the registered component and the same props, so Preact adopts the server's DOM
 * instead of rebuilding it; the rest of the page stays static HTML.
 */
import { h, hydrate } from "preact";
import type { ComponentType } from "preact";
import { islands } from "./registry.ts";

/** Hydrates every island under `root`; unknown names and broken props are reported, not fatal. */
export function hydrateIslands(root: ParentNode = document): void {
  for (const element of root.querySelectorAll<HTMLElement>("[data-island]")) {
    const name = element.dataset.island ?? "";
    // The props are JSON the server wrote for this same component (see `Island`), so treating
    // them as that component's props is sound even though the compiler cannot see it.
    const component = Object.hasOwn(islands, name)
      ? islands[name as keyof typeof islands] as unknown as ComponentType<Record<string, unknown>>
      : undefined;
    if (!component) {
      console.error(`No island is registered as "${name}".`);
      continue;
    }
    let props: Record<string, unknown>;
    try {
      props = JSON.parse(element.dataset.props ?? "{}");
    } catch (error) {
      console.error(`Island "${name}" has props that are not JSON.`, error);
      continue;
    }
    hydrate(h(component, props), element);
  }
}

hydrateIslands();
