/**
 * agentcron's own API, beside the two faces it speaks: previews of triggers, triggers written in words, and
 * operations on any schedule by id. Imports {@code service}, {@code domain} and {@code api}.
 */
package dev.agentcron.api.nativeapi;
