package dev.platte.admin.account;

import jakarta.persistence.LockModeType;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;

interface UserAccountRepository extends JpaRepository<UserAccount, String> {

    List<UserAccount> findAllByOrderByUsername();

    /** Locks the rows it reads until the transaction ends. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    List<UserAccount> findByRole(String role);
}
