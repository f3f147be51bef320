package dev.platte.sync;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface SyncStateRepository extends JpaRepository<SyncState, SyncState.Key> {

    List<SyncState> findAllByOrderByKeyUpstreamAscKeyChannelAscKeyArchAsc();
}
