/**
 * Use cases shared by the faces, the CLI and the dashboard. Validates business rules and reports them as
 * {@link dev.agentcron.service.ServiceException}s. Imports {@code domain} and {@code store}.
 */
package dev.agentcron.service;
