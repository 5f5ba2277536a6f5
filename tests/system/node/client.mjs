// An independent TwinGan client in Node.js: loads the repository's .proto files at run time with
// @grpc/proto-loader and drives a distributed deployment through @grpc/grpc-js, so the system test proves the
// contracts work outside .NET. Usage: node client.mjs <scenario.json>; prints one JSON summary on stdout and
// exits non-zero with the gRPC status and message when a call fails.
//
// scenario.json: { protoRoot, trainer, translator, embedder, search (host:port each), jobConfig (JobConfig in
// proto3 JSON field names), requestId, translateImage (path), galleryImages ([path]), queryImage (path),
// galleryDomain, queryDomain, idPrefix, k }
import { readFileSync } from "node:fs";
import path from "node:path";
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";

const scenario = JSON.parse(readFileSync(process.argv[2], "utf8"));
const protoFiles = ["trainer", "translator", "embedder", "search"].map(
  (s) => path.join(scenario.protoRoot, "twingan", s, "v1", `${s}.proto`));
const definition = protoLoader.loadSync(protoFiles, {
  includeDirs: [scenario.protoRoot],
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});
const api = grpc.loadPackageDefinition(definition).twingan;
const credentials = grpc.credentials.createInsecure();
const trainer = new api.trainer.v1.TrainerService(scenario.trainer, credentials);
const translator = new api.translator.v1.TranslatorService(scenario.translator, credentials);
const embedder = new api.embedder.v1.EmbedderService(scenario.embedder, credentials);
const search = new api.search.v1.SearchService(scenario.search, credentials);

const deadline = (seconds) => ({ deadline: new Date(Date.now() + seconds * 1000) });

function unary(client, method, request, seconds = 60) {
  return new Promise((resolve, reject) => {
    client[method](request, deadline(seconds), (error, response) => {
      if (error) reject(Object.assign(new Error(`${method}: ${grpc.status[error.code]} ${error.details}`), { code: error.code }));
      else resolve(response);
    });
  });
}

function watchJob(jobId, seconds) {
  return new Promise((resolve, reject) => {
    const kinds = {};
    let completed = null;
    let lastSequence = 0;
    const call = trainer.WatchJob({ jobId }, deadline(seconds));
    call.on("data", (event) => {
      kinds[event.event] = (kinds[event.event] ?? 0) + 1;
      // Sequences never go back; the opening snapshot events share the job's latest number (trainer.proto).
      if (Number(event.sequence) < lastSequence) {
        reject(new Error(`WatchJob: sequence ${event.sequence} after ${lastSequence}`));
        call.cancel();
      }
      lastSequence = Number(event.sequence);
      if (event.event === "completed") completed = event.completed;
    });
    call.on("error", (error) => reject(new Error(`WatchJob: ${grpc.status[error.code]} ${error.details}`)));
    call.on("end", () => resolve({ kinds, completed, lastSequence }));
  });
}

// Serving pods load a newly published version asynchronously (registry notification, warm-up): until then a
// pinned version is NOT_FOUND and a model-less service UNAVAILABLE or FAILED_PRECONDITION. These calls are
// idempotent (translate, embed, upsert by id), so the client retries them for a bounded time, as a real client would.
const retryable = new Set([grpc.status.NOT_FOUND, grpc.status.UNAVAILABLE, grpc.status.FAILED_PRECONDITION]);

async function retrying(client, method, request, seconds = 60) {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    try {
      return await unary(client, method, request);
    } catch (error) {
      if (!retryable.has(error.code) || Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

const image = (file) => ({ data: readFileSync(file), mediaType: "image/png" });

async function main() {
  const start = { config: scenario.jobConfig, requestId: scenario.requestId, displayName: "node-system-test" };
  const job = await unary(trainer, "StartJob", start);
  // A retry with the same request_id and the same request returns the job created the first time.
  const again = await unary(trainer, "StartJob", start);
  const watched = await watchJob(job.id, 600);
  const published = await unary(trainer, "PublishModel", { jobId: job.id, requestId: `${scenario.requestId}-publish` });

  const translated = await retrying(translator, "Translate", {
    image: image(scenario.translateImage),
    sourceDomain: scenario.queryDomain,
    targetDomain: scenario.galleryDomain,
    model: { name: published.modelName, version: published.version },
  });
  const embedded = await retrying(embedder, "Embed", {
    image: image(scenario.queryImage),
    domain: scenario.queryDomain,
    model: { name: published.modelName, version: published.version },
  });

  const items = scenario.galleryImages.map((file, i) => ({
    id: `${scenario.idPrefix}${i}`,
    domain: scenario.galleryDomain,
    tags: ["node"],
    metadata: { file: path.basename(file) },
    image: { image: image(file) },
  }));
  const upserted = await retrying(search, "UpsertItems", { items }, 120);
  const twins = await unary(search, "FindTwins", {
    image: { image: image(scenario.queryImage), domain: scenario.queryDomain },
    targetDomain: scenario.galleryDomain,
    k: scenario.k,
    minChangeOffset: upserted.changeOffset,
  });

  console.log(JSON.stringify({
    jobId: job.id,
    idempotentStart: again.id === job.id,
    finalState: watched.completed?.finalState ?? null,
    eventKinds: watched.kinds,
    publishedName: published.modelName,
    publishedVersion: published.version,
    translatedBytes: translated.image.data.length,
    translatedMediaType: translated.image.mediaType,
    translatedModelVersion: translated.modelVersion,
    embeddingDimension: embedded.embedding?.values?.length ?? 0,
    embeddingModelVersion: embedded.embedding?.modelVersion ?? "",
    upserted: upserted.results.map((r) => r.id),
    twins: twins.twins.map((t) => ({ id: t.item.id, domain: t.item.domain, score: t.score })),
  }));
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
