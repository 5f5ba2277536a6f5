# syntax=docker/dockerfile:1.7
# The Embedder image (deploy/docker/README.md). Build context: the repository root, e.g.
#   docker build -f deploy/docker/embedder.Dockerfile --build-arg TWINGAN_TORCH_BACKEND=cpu  -t twingan/embedder:0.1.0-cpu .
#   docker build -f deploy/docker/embedder.Dockerfile --build-arg TWINGAN_TORCH_BACKEND=cuda -t twingan/embedder:0.1.0-cuda .
ARG DOTNET_TAG=10.0-noble

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_TAG} AS build
# The TorchSharp native backend (Directory.Build.targets): cpu = libtorch-cpu-linux-x64; cuda = TorchSharp-cuda-linux,
# which the build's NuGet feed must serve (the development machines' feed does not).
ARG TWINGAN_TORCH_BACKEND=cpu
WORKDIR /src
# Everything restore and build read: SDK pin, central package versions, shared props/targets (with build/, the
# LibTorchSharp libstdc++ step of docs/build.md, a no-op on this Ubuntu 24.04 image), the protos, the libraries.
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY build/ build/
COPY protos/ protos/
COPY libs/ libs/
COPY services/Embedder/ services/Embedder/
# Hard links (Directory.Build.props) cannot cross into the NuGet cache mount, so publish copies.
RUN --mount=type=cache,id=twingan-nuget,target=/root/.nuget/packages \
    dotnet publish services/Embedder/TwinGan.Embedder.csproj -c Release -o /app -p:UseAppHost=false \
      -p:TwinGanTorchBackend=${TWINGAN_TORCH_BACKEND} \
      -p:CreateHardLinksForCopyLocalIfPossible=false -p:CreateHardLinksForPublishFilesIfPossible=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_TAG}
# OpenCvSharp's native library links GTK 3; the face cascades come with opencv-data (docs/serving.md). Without
# them face_crop falls back to the centre crop.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgtk-3-0t64 opencv-data \
 && rm -rf /var/lib/apt/lists/*
# CUDA images: the NVIDIA container runtime mounts the driver; the CUDA libraries come with TorchSharp-cuda-linux.
ENV NVIDIA_DRIVER_CAPABILITIES=compute,utility
WORKDIR /app
COPY --from=build /app ./
# The image's non-root "app" user (UID 1654), the runAsUser of deploy/k8s.
USER $APP_UID
# gRPC (Server:Port) and Prometheus (Server:MetricsPort), docs/operations.md.
EXPOSE 5000 9464
ENTRYPOINT ["dotnet", "TwinGan.Embedder.dll"]
