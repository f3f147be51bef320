package dev.platte.common;

import java.util.List;
import java.util.function.Function;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;

/**
 * One page of a list too long to count exactly on every request.
 *
 * @param total how many match in all: exact while few, else an estimate
 * @param hasNext whether a next page holds more (known exactly, whatever the total)
 */
public record CountedPage<T>(List<T> content, Pageable pageable, Count total, boolean hasNext) {

    /**
     * The page from up to {@code pageSize + 1} rows read at its offset: the extra row only says that a next
     * page exists. On the last page the total is known exactly, whatever was estimated.
     */
    public static <T> CountedPage<T> of(List<T> readOneMore, Pageable pageable, Count total) {
        var hasNext = readOneMore.size() > pageable.getPageSize();
        var content = hasNext ? readOneMore.subList(0, pageable.getPageSize()) : readOneMore;
        var complete = !hasNext && (!content.isEmpty() || pageable.getOffset() == 0);
        return new CountedPage<>(content, pageable, complete ? Count.exactly(pageable.getOffset() + content.size())
                : total, hasNext);
    }

    public <R> CountedPage<R> map(Function<T, R> mapper) {
        return new CountedPage<>(content.stream().map(mapper).toList(), pageable, total, hasNext);
    }

    /** The page number, from 0. */
    public int number() {
        return pageable.getPageNumber();
    }

    public boolean hasPrevious() {
        return pageable.getPageNumber() > 0;
    }

    /** Pages in all, from the total (estimated if it is). */
    public long totalPages() {
        return Math.max(1, (Math.max(total.value(), pageable.getOffset() + content.size()) + pageable.getPageSize() - 1)
                / pageable.getPageSize());
    }

    /** As a Spring page, whose total is this one's value, estimated or not. */
    public Page<T> toPage() {
        return new PageImpl<>(content, pageable, Math.max(total.value(), pageable.getOffset() + content.size()));
    }
}
