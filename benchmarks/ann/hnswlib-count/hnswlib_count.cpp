// hnswlib_count DIR/DATASET — hnswlib (the headers bundled with hnswlib-node) on the same files as the C# runner,
// without the Node binding: M=16, efConstruction=200, seed 100, one thread; per ef prints recall@10, distance
// computations per query and single-thread QPS (median of 3 passes after a warm-up). Counts every call of the
// distance function (upper-layer descent included), as the C# runner's --mode qps does.
#include <hnswlib.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <unordered_set>
#include <vector>

static long long g_calls = 0;
static hnswlib::DISTFUNC<float> g_inner = nullptr;

static float Counting(const void *a, const void *b, const void *param) {
    ++g_calls;
    return g_inner(a, b, param);
}

class CountingSpace : public hnswlib::SpaceInterface<float> {
    hnswlib::InnerProductSpace inner_;
 public:
    explicit CountingSpace(size_t dim) : inner_(dim) { g_inner = inner_.get_dist_func(); }
    size_t get_data_size() override { return inner_.get_data_size(); }
    hnswlib::DISTFUNC<float> get_dist_func() override { return Counting; }
    void *get_dist_func_param() override { return inner_.get_dist_func_param(); }
};

template <typename T>
static std::vector<T> ReadVecs(const std::string &path, int &n, int &d) {
    std::ifstream in(path, std::ios::binary);
    in.seekg(0, std::ios::end);
    const long long bytes = in.tellg();
    in.seekg(0);
    in.read(reinterpret_cast<char *>(&d), 4);
    n = static_cast<int>(bytes / (4 + 4LL * d));
    std::vector<T> data(static_cast<size_t>(n) * d);
    in.seekg(0);
    for (int i = 0; i < n; i++) {
        int dim;
        in.read(reinterpret_cast<char *>(&dim), 4);
        in.read(reinterpret_cast<char *>(&data[static_cast<size_t>(i) * d]), 4LL * d);
    }
    return data;
}

int main(int argc, char **argv) {
    if (argc < 2) { std::fprintf(stderr, "usage: %s DIR/DATASET [ef,...]\n", argv[0]); return 2; }
    const std::string dir = argv[1];
    std::vector<int> efs = {10, 16, 32, 64, 128, 256};
    if (argc > 2) {
        efs.clear();
        for (std::string s = argv[2]; !s.empty();) {
            const auto comma = s.find(',');
            efs.push_back(std::stoi(s.substr(0, comma)));
            s = comma == std::string::npos ? "" : s.substr(comma + 1);
        }
    }
    int n, d, nq, qd, gn, gk;
    auto base = ReadVecs<float>(dir + "/base.fvecs", n, d);
    auto queries = ReadVecs<float>(dir + "/query.fvecs", nq, qd);
    auto gt = ReadVecs<int>(dir + "/gt.ivecs", gn, gk);
    const int k = 10;

    CountingSpace space(d);
    hnswlib::HierarchicalNSW<float> index(&space, n, 16, 200, 100);
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; i++) index.addPoint(&base[static_cast<size_t>(i) * d], i);
    const double build = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("library,ef,recall_at_10,dist_per_query,qps,build_s\n");
    for (int ef : efs) {
        index.setEf(ef);
        g_calls = 0;
        long long hits = 0;
        for (int q = 0; q < nq; q++) {
            auto result = index.searchKnn(&queries[static_cast<size_t>(q) * d], k);
            std::unordered_set<int> truth(gt.begin() + static_cast<size_t>(q) * gk, gt.begin() + static_cast<size_t>(q) * gk + k);
            while (!result.empty()) { hits += truth.count(static_cast<int>(result.top().second)); result.pop(); }
        }
        const double perQuery = static_cast<double>(g_calls) / nq;
        std::vector<double> times;
        for (int r = 0; r < 3; r++) {
            auto s = std::chrono::steady_clock::now();
            for (int q = 0; q < nq; q++) index.searchKnn(&queries[static_cast<size_t>(q) * d], k);
            times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - s).count());
        }
        std::sort(times.begin(), times.end());
        std::printf("hnswlib-cpp,%d,%.4f,%.1f,%.0f,%.2f\n", ef, static_cast<double>(hits) / (nq * k), perQuery, nq / times[1], build);
        std::fflush(stdout);
    }
    return 0;
}
