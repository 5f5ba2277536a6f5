# syntax=docker/dockerfile:1.7
# The Search image (deploy/docker/README.md). Build context: the repository root, e.g.
#   docker build -f deploy/docker/search.Dockerfile -t twingan/search:0.1.0 .
# Search does not load TorchSharp (it calls the Embedder), so it has one image for CPU and GPU clusters.
ARG DOTNET_TAG=10.0-noble

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_TAG} AS build
WORKDIR /src
# Everything restore and build read: SDK pin, central package versions, shared props/targets (with build/, the
# LibTorchSharp libstdc++ step of docs/build.md, a no-op on this Ubuntu 24.04 image), the protos, the libraries.
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY build/ build/
COPY protos/ protos/
COPY libs/ libs/
COPY services/Search/ services/Search/
# Hard links (Directory.Build.props) cannot cross into the NuGet cache mount, so publish copies.
RUN --mount=type=cache,id=twingan-nuget,target=/root/.nuget/packages \
    dotnet publish services/Search/TwinGan.Search.csproj -c Release -o /app -p:UseAppHost=false \
      -p:CreateHardLinksForCopyLocalIfPossible=false -p:CreateHardLinksForPublishFilesIfPossible=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_TAG}
WORKDIR /app
COPY --from=build /app ./
# The image's non-root "app" user (UID 1654), the runAsUser of deploy/k8s.
USER $APP_UID
# gRPC (Server:Port) and Prometheus (Server:MetricsPort), docs/operations.md.
EXPOSE 5000 9464
ENTRYPOINT ["dotnet", "TwinGan.Search.dll"]
