package dev.platte.gate;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface GateRepository extends JpaRepository<Gate, UUID> {

    List<Gate> findByGroupIdOrderByName(UUID groupId);

    Optional<Gate> findByIdAndGroupId(UUID id, UUID groupId);

    boolean existsByGroupIdAndName(UUID groupId, String name);

    /** Gates due now that no other replica is evaluating: each is claimed by exactly one. */
    @Query(nativeQuery = true, value = """
            SELECT * FROM group_gate WHERE next_evaluation_at <= :now
            ORDER BY next_evaluation_at LIMIT :limit FOR UPDATE SKIP LOCKED""")
    List<Gate> claimDue(@Param("now") Instant now, @Param("limit") int limit);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT g FROM Gate g WHERE g.id = :id")
    Optional<Gate> findForUpdate(@Param("id") UUID id);

    @Query("SELECT count(g) > 0 FROM Gate g WHERE g.groupId = :groupId AND g.state = 'unknown' AND g.onUnknown = 'hold'")
    boolean anyHolding(@Param("groupId") UUID groupId);

    @Query("SELECT count(g) > 0 FROM Gate g WHERE g.groupId = :groupId AND g.state = 'breached'")
    boolean anyBreached(@Param("groupId") UUID groupId);

    @Query(nativeQuery = true, value = "SELECT state, count(*) FROM group_gate GROUP BY state")
    List<Object[]> countByState();
}
