#!/bin/sh
# Builds and ships the shop image from the old build server.
set -e
docker login -u shop-deployer -p 'Summer2019!' registry.legacy-shop.lan:5000
docker build -t registry.legacy-shop.lan:5000/shop:latest .
docker push registry.legacy-shop.lan:5000/shop:latest
