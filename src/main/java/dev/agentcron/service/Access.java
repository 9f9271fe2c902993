package dev.agentcron.service;

import dev.agentcron.domain.Caller;
import dev.agentcron.domain.Role;

/** What a caller's role and agent scope let it do; the use cases ask before they act. */
final class Access {

    private Access() {}

    static void requireChange(Caller caller) {
        if (!caller.role().canChange()) {
            throw new ServiceException.Forbidden("this key is read-only (role viewer)");
        }
    }

    static void requireAdmin(Caller caller) {
        if (caller.role() != Role.ADMIN) {
            throw new ServiceException.Forbidden("only an admin key may do this");
        }
    }

    static void requireAgent(Caller caller, String agentId) {
        if (agentId != null && !agentId.isEmpty() && !caller.agents().allows(agentId)) {
            throw new ServiceException.Forbidden("this key may not message agent " + (agentId.length() <= 64 ? agentId : agentId.substring(0, 64) + "…"));
        }
    }
}
