package io.cartographus.e2e;

import io.cartographus.offsite.S3ProxyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Debian's awscli against S3Proxy, so a test can type the guide's {@code aws s3 sync …} as an operator does. */
final class AwsCli {
    /** Debian's awscli: a pyenv shim earlier on PATH may be another one, or none. */
    static final Path AWS = Path.of("/usr/bin/aws");

    private AwsCli() {
    }

    /**
     * The environment for {@link Sh}: credentials, path-style addressing, and an {@code aws} function
     * with the endpoint in front (awscli 2.9 reads no AWS_ENDPOINT_URL). Its files go to {@code dir}.
     */
    static Map<String, String> env(S3ProxyServer s3, Path dir) throws IOException {
        Path config = dir.resolve("aws-config");
        Files.writeString(config, "[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n");
        Map<String, String> env = new HashMap<>();
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("aws-credentials").toString());
        env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        Path f = dir.resolve("aws-endpoint.sh");
        Files.writeString(f, "aws() { " + AWS + " --endpoint-url " + s3.endpoint() + " \"$@\"; }\n");
        env.put("BASH_ENV", f.toString());
        return env;
    }
}
