package dev.sojourn.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Connection strings: parsing (Lettuce's schemes and Sojourn's redis-cluster) and redaction of credentials. */
class RedisUrisTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "redis://localhost:6379|redis://localhost:6379",
        "redis://:pw@localhost:6379/2|redis://localhost:6379/2",
        "redis://user:p@ss/w@rd@host:1/0?timeout=5s|redis://host:1/0",
        "rediss://user:secret@h:6380|rediss://h:6380",
        "redis-sentinel://:pw@s1:26379,s2:26380/1#mymaster|redis-sentinel://s1:26379,s2:26380/1#mymaster",
        "redis-sentinel://s1:26379?timeout=1s#mymaster|redis-sentinel://s1:26379#mymaster",
        "redis-cluster://:pw@h1:7000,h2:7001|redis-cluster://h1:7000,h2:7001",
        "not a uri|(unparseable Redis URI)"
    })
    void redact_dropsUserInfoAndQuery(String uri, String expected) {
        assertThat(RedisUris.redact(uri)).isEqualTo(expected);
    }

    @Test
    void parse_standalone_isLettuces() {
        RedisUris.Parsed parsed = RedisUris.parse("redis://:secret@127.0.0.1:6380/3");
        assertThat(parsed.cluster()).isFalse();
        RedisURI uri = parsed.uris().get(0);
        assertThat(uri.getHost()).isEqualTo("127.0.0.1");
        assertThat(uri.getPort()).isEqualTo(6380);
        assertThat(uri.getDatabase()).isEqualTo(3);
        assertThat(RedisUris.describe(uri)).isEqualTo("redis://127.0.0.1:6380/3");
    }

    @Test
    void parse_sentinel_isLettuces() {
        RedisURI uri = RedisUris.parse("redis-sentinel://:secret@10.0.0.1:26379,10.0.0.2/1#primary").uris().get(0);
        assertThat(uri.getSentinels()).extracting(RedisURI::getHost).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(uri.getSentinelMasterId()).isEqualTo("primary");
        assertThat(RedisUris.describe(uri)).isEqualTo("redis-sentinel://10.0.0.1:26379,10.0.0.2:26379/1#primary");
    }

    @Test
    void parse_cluster_givesOneUriPerSeed_withTheCredentialsAndQueryOfTheWhole() {
        RedisUris.Parsed parsed = RedisUris.parse("rediss-cluster://app:s3cret@h1:7000, h2:7001,[::1]:7002?timeout=3s");
        assertThat(parsed.cluster()).isTrue();
        assertThat(parsed.uris()).extracting(RedisURI::getHost).containsExactly("h1", "h2", "[::1]");
        assertThat(parsed.uris()).extracting(RedisURI::getPort).containsExactly(7000, 7001, 7002);
        assertThat(parsed.uris()).allSatisfy(uri -> {
            assertThat(uri.isSsl()).isTrue();
            assertThat(uri.getTimeout().toSeconds()).isEqualTo(3);
            assertThat(uri.getCredentialsProvider().resolveCredentials().block().getUsername()).isEqualTo("app");
            assertThat(new String(uri.getCredentialsProvider().resolveCredentials().block().getPassword())).isEqualTo("s3cret");
        });
        assertThat(parsed.display()).isEqualTo("rediss-cluster://h1:7000, h2:7001,[::1]:7002");
        assertThat(RedisUris.describeCluster(parsed.uris())).isEqualTo("rediss-cluster://h1:7000,h2:7001,[::1]:7002");
    }

    @Test
    void parse_invalid_isAnIllegalArgumentWithoutThePassword() {
        assertThatThrownBy(() -> RedisUris.parse("redis-cluster://:pw@h1:7000/2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RedisStore: invalid Redis URI redis-cluster://h1:7000/2: a Redis Cluster has only database 0");
        assertThatThrownBy(() -> RedisUris.parse("redis-cluster://:pw@h1:7000,,h2:7001"))
                .hasMessageContaining("missing host").hasMessageNotContaining("pw");
        assertThatThrownBy(() -> RedisUris.parse("memcached://:pw@h1"))
                .hasMessageStartingWith("RedisStore: invalid Redis URI memcached://h1: unknown scheme 'memcached'");
        assertThatThrownBy(() -> RedisUris.parse("redis://:pw@h1:99999"))
                .hasMessage("RedisStore: invalid Redis URI redis://h1:99999: invalid port '99999'");
        assertThatThrownBy(() -> RedisUris.parse("redis://:pw@:6379"))
                .hasMessageContaining("missing host").hasMessageNotContaining("pw@");
        assertThatThrownBy(() -> RedisUris.parse("redis://:pw@h1:6379/notanumber"))
                .hasMessage("RedisStore: invalid Redis URI redis://h1:6379/notanumber: the path must be a database number");
    }

    @Test
    void scrub_removesThePasswordAndTheRawUri() {
        String raw = "redis://user:hunter2@h:1";
        assertThat(RedisUris.scrub("failed for " + raw + " with hunter2", raw)).isEqualTo("failed for redis://h:1 with ****");
    }
}
