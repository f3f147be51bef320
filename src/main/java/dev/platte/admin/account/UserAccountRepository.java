package dev.platte.admin.account;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface UserAccountRepository extends JpaRepository<UserAccount, String> {

    List<UserAccount> findAllByOrderByUsername();

    long countByRole(String role);
}
