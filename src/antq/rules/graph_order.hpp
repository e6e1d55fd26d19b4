#pragma once

// Depth-first ordering of the dependency graphs a rulebook declares (derived values using
// each other, rulebooks rolling each other up), without recursion: a chain as long as the
// input allows (tens of thousands of derived values, each using the previous one) must not
// overflow the stack. Cycles are reported with a bounded text and a bounded count, so that a
// large cyclic graph cannot print gigabytes.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace antq::detail::rules {

/// At most this many cycles are reported one by one in a graph; the rest are counted.
inline constexpr std::size_t max_reported_cycles = 20;

/// An edge of the graph: the node it leads to, and what the caller needs to report it.
struct graph_edge {
    std::size_t to = 0;
    std::size_t tag = 0;
};

/// "a -> b -> c -> a" for the nodes of `cycle` (closed on its first node), with the middle
/// of a long cycle left out: "a -> b -> c -> ... (96 more) -> x -> y -> a".
inline std::string cycle_text(std::span<const std::size_t> cycle,
                              const std::function<const std::string&(std::size_t)>& name) {
    constexpr std::size_t head = 4;
    constexpr std::size_t tail = 3;
    std::string out;
    const auto append = [&](std::size_t i) {
        out += name(cycle[i]);
        out += " -> ";
    };
    if (cycle.size() <= head + tail + 1) {
        for (std::size_t i = 0; i < cycle.size(); ++i) {
            append(i);
        }
    } else {
        for (std::size_t i = 0; i < head; ++i) {
            append(i);
        }
        out += "... (" + std::to_string(cycle.size() - head - tail) + " more) -> ";
        for (std::size_t i = cycle.size() - tail; i < cycle.size(); ++i) {
            append(i);
        }
    }
    out += name(cycle.front());
    return out;
}

/// What depth_first_order found.
struct graph_order {
    std::vector<std::size_t> order;      ///< what a node uses comes before it
    std::vector<std::uint8_t> in_cycle;  ///< per node: on a cycle that was reported
};

/// The nodes `0..edges.size()-1` in depth-first post-order, starting from each node in turn
/// and following edges in their order. For every edge that closes a cycle,
/// `on_cycle(from, edge, cycle)` is called with the nodes of the cycle from `edge.to` to
/// `from` (a view: reading its ends costs nothing). Linear in nodes plus edges, however many
/// cycles there are: nodes on cycles are marked as lowlinks are in Tarjan's algorithm.
template <class OnCycle>
graph_order depth_first_order(const std::vector<std::vector<graph_edge>>& edges,
                              const OnCycle& on_cycle) {
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    const std::size_t n = edges.size();
    graph_order out;
    out.order.reserve(n);
    out.in_cycle.assign(n, 0);
    std::vector<std::uint8_t> done(n, 0);
    std::vector<std::size_t> position(n, none);  // place in `path` while open
    std::vector<std::size_t> path;
    std::vector<std::size_t> next_edge;  // per entry of `path`: the next edge to follow
    std::vector<std::size_t> low;        // per entry of `path`: the highest cycle start reached
    for (std::size_t start = 0; start < n; ++start) {
        if (done[start] != 0) {
            continue;
        }
        position[start] = 0;
        path.push_back(start);
        next_edge.push_back(0);
        low.push_back(none);
        while (!path.empty()) {
            const std::size_t node = path.back();
            const std::size_t at = path.size() - 1;
            if (next_edge.back() == edges[node].size()) {
                // Every node between a cycle's start and its closing edge is on the cycle.
                const std::size_t reached = low.back();
                path.pop_back();
                next_edge.pop_back();
                low.pop_back();
                if (reached < at) {
                    out.in_cycle[node] = 1;
                    low.back() = std::min(low.back(), reached);
                }
                position[node] = none;
                done[node] = 1;
                out.order.push_back(node);
                continue;
            }
            const graph_edge& e = edges[node][next_edge.back()++];
            if (position[e.to] != none) {
                out.in_cycle[e.to] = 1;
                out.in_cycle[node] = 1;
                low.back() = std::min(low.back(), position[e.to]);
                on_cycle(node, e, std::span<const std::size_t>(path).subspan(position[e.to]));
            } else if (done[e.to] == 0) {
                position[e.to] = path.size();
                path.push_back(e.to);
                next_edge.push_back(0);
                low.push_back(none);
            }
        }
    }
    return out;
}

}  // namespace antq::detail::rules
