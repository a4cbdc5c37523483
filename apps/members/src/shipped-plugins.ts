import { type LoadedPlugin, loadPlugins } from '@loyalty/plugin-host';
import { fuelPlugin } from '@loyalty/plugin-fuel';
import { hotelPlugin } from '@loyalty/plugin-hotel';
import { petPlugin } from '@loyalty/plugin-pet';
import { pharmacyPlugin } from '@loyalty/plugin-pharmacy';
import type { PluginDefinition } from '@loyalty/plugin-sdk';
import type { AppConfig } from '@loyalty/shared';

/**
 * The industry plugins that ship with the platform, by package name: what PLUGINS may name without a
 * path, and the default list when PLUGINS is unset.
 */
export const SHIPPED_PLUGINS: Readonly<Record<string, PluginDefinition>> = {
  '@loyalty/plugin-pharmacy': pharmacyPlugin,
  '@loyalty/plugin-hotel': hotelPlugin,
  '@loyalty/plugin-fuel': fuelPlugin,
  '@loyalty/plugin-pet': petPlugin,
};

/** The plugins the configuration names (PLUGINS), loaded and checked; a problem stops the start. */
export const configuredPlugins = (config: AppConfig): LoadedPlugin[] => loadPlugins(config.PLUGINS ?? Object.keys(SHIPPED_PLUGINS), SHIPPED_PLUGINS);
