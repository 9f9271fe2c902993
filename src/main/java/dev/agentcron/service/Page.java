package dev.agentcron.service;

import java.util.List;

/** One page of a list, and whether another follows. */
public record Page<T>(List<T> items, boolean hasMore) {}
