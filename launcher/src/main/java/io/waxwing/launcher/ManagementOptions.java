package io.waxwing.launcher;

import com.typesafe.config.ConfigFactory;

/**
 * {@code --management-port} and {@code --management-host} (or {@code WAXWING_MANAGEMENT_PORT} /
 * {@code _HOST}): handed to the runtime as the system properties {@code waxwing.management.port} and
 * {@code .host}, which override {@code application.conf} like any {@code -D} setting.
 */
final class ManagementOptions {
    private ManagementOptions() {
    }

    /**
     * Sets the properties when an option or variable gives them; leaves the configuration alone
     * otherwise.
     *
     * @throws LaunchException naming the option or variable whose port is not in 0-65535
     */
    static void apply(Integer portOption, String hostOption, Environment env) {
        Integer port = portOption;
        String origin = "--management-port";
        if (port == null) {
            port = env.integer(Environment.MANAGEMENT_PORT);
            origin = Environment.MANAGEMENT_PORT;
        }
        String host = hostOption != null ? hostOption.strip() : env.string(Environment.MANAGEMENT_HOST);
        if (port == null && host == null) {
            return;
        }
        if (port != null) {
            if (port < 0 || port > 65535) {
                throw new LaunchException(origin + " must be a port from 0 to 65535 (0 picks a free one), got " + port);
            }
            System.setProperty("waxwing.management.port", Integer.toString(port));
        }
        if (host != null) {
            System.setProperty("waxwing.management.host", host);
        }
        // The runtime reads system properties through the configuration library's cache.
        ConfigFactory.invalidateCaches();
    }
}
