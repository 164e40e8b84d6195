// The config file's name, in a module of its own: `launch status` reads it before the settings
// machinery (and its schemas) loads (src/status/early-look.ts).
export const CONFIG_FILE_NAME = 'launch.config.json';
