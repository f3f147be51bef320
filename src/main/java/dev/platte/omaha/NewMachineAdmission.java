package dev.platte.omaha;

import dev.platte.fleet.FleetService;
import java.time.Duration;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Whether machines Platte has never seen may register from an address: one token of the address's bucket
 * ({@link RegistrationLimiter}) per unknown machine, known machines free. The one owner of that rule, for a
 * request's apps ({@link #admit}) and for a batch of reports with one lookup for all ({@link #refusals}).
 */
@Component
class NewMachineAdmission {

    private final FleetService fleet;
    private final RegistrationLimiter limiter;

    NewMachineAdmission(FleetService fleet, RegistrationLimiter limiter) {
        this.fleet = fleet;
        this.limiter = limiter;
    }

    /**
     * Lets these machines be registered from the address when none is new or its bucket has room (which they
     * then take).
     *
     * @throws RegistrationRefusedException with how long until they could be, having taken nothing
     */
    void admit(String clientIp, Collection<String> machineIds) {
        if (machineIds.isEmpty() || !limiter.limits(clientIp)) {
            return;
        }
        limiter.tryRegister(clientIp, fleet.unknownMachines(machineIds).size()).ifPresent(wait -> {
            throw new RegistrationRefusedException(wait);
        });
    }

    /**
     * {@link #admit} for each report, of as many different machines, looked up together: the reports refused,
     * with how long until their address may register again. The others' tokens are taken.
     */
    Map<FullPath.Report, Duration> refusals(Collection<FullPath.Report> reports) {
        var limited = reports.stream().filter(report -> limiter.limits(report.clientIp())).toList();
        if (limited.isEmpty()) {
            return Map.of();
        }
        var unknown = fleet.unknownMachines(limited.stream().map(FullPath.Report::machineId).collect(Collectors.toSet()));
        var refused = new IdentityHashMap<FullPath.Report, Duration>();
        for (var report : limited) {
            if (unknown.contains(report.machineId())) {
                limiter.tryRegister(report.clientIp(), 1).ifPresent(wait -> refused.put(report, wait));
            }
        }
        return refused;
    }
}
