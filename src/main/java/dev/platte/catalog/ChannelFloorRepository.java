package dev.platte.catalog;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface ChannelFloorRepository extends JpaRepository<ChannelFloor, ChannelFloor.Id> {

    List<ChannelFloor> findByIdChannelId(UUID channelId);

    List<ChannelFloor> findByIdPackageId(UUID packageId);
}
