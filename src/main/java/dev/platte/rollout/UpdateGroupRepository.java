package dev.platte.rollout;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface UpdateGroupRepository extends JpaRepository<UpdateGroup, UUID> {

    List<UpdateGroup> findByApplicationIdOrderByName(UUID applicationId);

    Optional<UpdateGroup> findByIdAndApplicationId(UUID id, UUID applicationId);

    boolean existsByApplicationIdAndName(UUID applicationId, String name);

    List<UpdateGroup> findByApplicationIdAndTrack(UUID applicationId, String track);

    List<UpdateGroup> findByTrackOrderByName(String track);

    List<UpdateGroup> findByChannelId(UUID channelId);
}
