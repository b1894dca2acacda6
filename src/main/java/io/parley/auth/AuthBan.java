package io.parley.auth;

import java.net.InetAddress;
import java.time.Instant;

/**
 * A source banned for failed authentications ({@link FailureGuard}).
 *
 * @param source the address, or for IPv6 the /64 network's first address
 * @param since when the ban began
 * @param until when it ends
 * @param offences how many bans the source has earned in a row, this one included (each doubles
 *     the ban time up to parley.auth.failures.ban-time-max)
 */
public record AuthBan(InetAddress source, Instant since, Instant until, int offences) {}
