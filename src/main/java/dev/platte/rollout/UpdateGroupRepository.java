package dev.platte.rollout;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
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

    List<UpdateGroup> findByFollowsGroupId(UUID followsGroupId);

    List<UpdateGroup> findByFollowsGroupIdNotNull();

    /** The group's row, locked: automatic pauses and resumes from several replicas take turns. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT g FROM UpdateGroup g WHERE g.id = :id")
    Optional<UpdateGroup> findForUpdate(@Param("id") UUID id);
}
