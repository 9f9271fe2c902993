package dev.agentcron.launch;

import java.lang.reflect.InvocationTargetException;

/**
 * The jar's entry point, compiled for Java 8 so that any Java can load it: on a Java older than 21 it says so
 * in one line, where the real entry point would fail with a class-version error. Then it hands over to
 * {@code dev.agentcron.Main}.
 */
public final class Launcher {

    private static final int NEEDED = 21;

    private Launcher() {}

    public static void main(String[] args) throws Throwable {
        String spec = System.getProperty("java.specification.version");
        int major = spec.startsWith("1.") ? Integer.parseInt(spec.substring(2)) : Integer.parseInt(spec.split("\\.")[0]);
        if (major < NEEDED) {
            System.err.println("agentcron needs Java " + NEEDED + " or newer; this is Java " + spec + " at "
                    + System.getProperty("java.home") + ". Point JAVA_HOME or PATH at a JDK " + NEEDED + "+.");
            System.exit(1);
        }
        try {
            Class.forName("dev.agentcron.Main").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
