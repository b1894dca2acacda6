package io.parley.message;

import java.util.List;

/**
 * Immutable copies of the short lists parsed header values come in (most messages carry one or
 * two Vias, one Contact, no Route).
 */
final class Lists {
  private Lists() {}

  /**
   * What {@link List#copyOf} returns for {@code list}, the same kind of list, without the
   * intermediate array it makes for every size: the common sizes are built directly.
   *
   * @throws NullPointerException if an element is null, as {@link List#copyOf} does
   */
  static <T> List<T> frozen(List<T> list) {
    return switch (list.size()) {
      case 0 -> List.of();
      case 1 -> List.of(list.get(0));
      case 2 -> List.of(list.get(0), list.get(1));
      default -> List.copyOf(list);
    };
  }
}
