package dev.platte.catalog;

import java.util.List;

/**
 * The packages a node must install, in order, to reach its channel's target: the channel's floors
 * above the node's version, then the target. A plain node gets the first step per check; a syncer gets
 * them all.
 */
public record UpdatePath(List<Step> steps) {

    public UpdatePath {
        steps = List.copyOf(steps);
    }

    /** @param floorReason why this step is mandatory, {@code null} when it is not a floor */
    public record Step(UpdatePackage pkg, boolean floor, String floorReason, boolean target) {}

    public Step next() {
        return steps.getFirst();
    }

    public boolean hasFloors() {
        return steps.stream().anyMatch(Step::floor);
    }
}
