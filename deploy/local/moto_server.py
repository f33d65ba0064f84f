"""moto's server (python3 -m moto.server), made to check S3 signatures over the request as sent.

deploy/local/servers.sh runs this instead of `python3 -m moto.server`, with the same arguments.

Why: moto rebuilds the canonical request of AWS Signature Version 4 from werkzeug's `request.url`,
an IRI in which werkzeug has decoded UTF-8 (`%C3%A9` becomes `é`) and reserved characters such as
`%2F` in a query or `%2B` in a path. Its signature then differs from the client's for any object
key or list prefix holding them, and moto refuses correct requests with SignatureDoesNotMatch,
boto3's included. AWS and MinIO sign the path and query as sent. This wrapper has moto's S3
authentication read them from RAW_URI, which werkzeug's server sets to the request target as
received (moto already reads object keys from it). Nothing else changes. Should a later moto move
the method, the server still runs, with moto's own check, and says so on stderr.
"""

import sys

from moto.server import main


def check_signatures_over_the_uri_as_sent() -> None:
    try:
        from moto.s3.responses import S3Response

        original = S3Response._authenticate_and_authorize_s3_action
    except (ImportError, AttributeError) as error:
        print(f"moto_server.py: S3 signatures checked by moto's own rules ({error})", file=sys.stderr)
        return

    def authenticate(self, *args, **kwargs):
        raw_uri = getattr(getattr(self, "request", None), "environ", {}).get("RAW_URI")
        if raw_uri:
            self.uri = raw_uri
        return original(self, *args, **kwargs)

    S3Response._authenticate_and_authorize_s3_action = authenticate


if __name__ == "__main__":
    check_signatures_over_the_uri_as_sent()
    main()
