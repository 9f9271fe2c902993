/**
 * HTTP: the one server, API-key auth, error rendering per face, and the operational routes. Faces live in
 * sub-packages. Imports {@code service} and {@code domain}; never {@code store} or {@code engine}.
 */
package dev.agentcron.api;
