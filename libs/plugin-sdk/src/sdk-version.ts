/**
 * The plugin API this SDK offers, semver: a plugin's `compatibility` range is checked against it at
 * start. The major changes with any breaking change of what plugins declare or are handed. It is
 * the SDK package's version (package.json), kept equal by a test.
 */
export const PLUGIN_SDK_API_VERSION = '1.1.0';
