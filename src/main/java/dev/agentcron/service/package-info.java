/**
 * Use cases the faces share: create, read, edit, pause, resume, run and delete schedules; start, read and
 * cancel runs; API keys; trigger previews. They speak domain: they return domain values and report what went
 * wrong as {@link ServiceException}s in domain terms (a {@link ServiceException.Subject} not found, a
 * {@link ServiceException.Field} at fault), which each face words and renders in its own format. Imports
 * {@code domain} and {@code store}.
 */
package dev.agentcron.service;
