package dev.platte.fleet;

import java.time.Duration;
import java.util.UUID;

/**
 * Which instances to list; {@code null} fields do not filter.
 *
 * @param search a prefix of the machine id, the alias (any letter case) or the IP address
 * @param notSeenFor only instances whose last contact is at least this long ago
 * @param hideRetired leave out instances not seen for the retirement age
 */
public record InstanceQuery(UUID applicationId, UUID groupId, InstanceStatus status, String version, String search,
        Duration notSeenFor, boolean hideRetired) {}
