/**
 * The command line's client commands: they talk to a running server over HTTP, by URL and key
 * ({@code --url}/{@code --key}, or {@code AGENTCRON_URL}/{@code AGENTCRON_KEY}, or a profile file), print tables
 * for people or JSON for scripts, and exit with codes a script can trust. {@code preview} and {@code parse} need
 * no server. Imports {@code domain} only.
 */
package dev.agentcron.cli;
