/** The platform-neutral command layer: what platform adapters and `app.ts` import. */
export { ChatCommands, MAX_ARGS_LENGTH, type ChatCommandsDeps } from './chat-commands.js';
export { COMMANDS, commandsFor, commandSpec, offers, resolveCommandName, type CommandName, type CommandSpec } from './catalog.js';
export { defaultDestination, destinationKey } from './defaults.js';
export { capabilityTable, messagesFor, PLAIN_CHAT, type CapabilityLookup } from './messages.js';
