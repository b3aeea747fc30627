package io.mlaops.infra.cells;

import io.mlaops.model.cell.CellIdentity;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;

/**
 * A cell's trainings as Temporal recorded them: every execution of its workflow ({@code cell-<id>})
 * and the training activities each scheduled. One content, one training: two views that needed the
 * cell at the same time show one training activity between them.
 */
public final class CellHistory {
    private CellHistory() {}

    /**
     * One execution of a cell's workflow.
     *
     * @param runId Temporal run id
     * @param status e.g. {@code COMPLETED}, {@code CANCELED}
     * @param trainings training activities it scheduled
     * @param attempts the attempts they took in all (retries included)
     */
    public record Execution(String runId, String status, int trainings, int attempts) {}

    /**
     * @param client a connected client
     * @param cellId the cell's content id
     * @return every execution of its workflow the server's visibility lists, oldest first
     */
    public static List<Execution> executions(WorkflowClient client, String cellId) {
        String workflowId = CellIdentity.workflowId(cellId);
        List<WorkflowExecutionInfo> found = new ArrayList<>();
        com.google.protobuf.ByteString token = com.google.protobuf.ByteString.EMPTY;
        do {
            ListWorkflowExecutionsResponse r =
                    client.getWorkflowServiceStubs()
                            .blockingStub()
                            .listWorkflowExecutions(
                                    ListWorkflowExecutionsRequest.newBuilder()
                                            .setNamespace(client.getOptions().getNamespace())
                                            .setPageSize(100)
                                            .setNextPageToken(token)
                                            .setQuery("WorkflowId = '" + workflowId + "'")
                                            .build());
            found.addAll(r.getExecutionsList());
            token = r.getNextPageToken();
        } while (!token.isEmpty());
        found.sort(
                java.util.Comparator.comparingLong(
                                (WorkflowExecutionInfo i) -> i.getStartTime().getSeconds())
                        .thenComparingInt(i -> i.getStartTime().getNanos()));
        List<Execution> out = new ArrayList<>();
        for (WorkflowExecutionInfo info : found) {
            java.util.Set<Long> train = new java.util.HashSet<>();
            int attempts = 0;
            for (HistoryEvent e : history(client, info.getExecution())) {
                if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
                        && e.getActivityTaskScheduledEventAttributes()
                                .getActivityType()
                                .getName()
                                .equals("Train")) {
                    train.add(e.getEventId());
                }
                if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
                        && train.contains(
                                e.getActivityTaskStartedEventAttributes().getScheduledEventId())) {
                    attempts += e.getActivityTaskStartedEventAttributes().getAttempt();
                }
            }
            int trainings = train.size();
            out.add(
                    new Execution(
                            info.getExecution().getRunId(),
                            info.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", ""),
                            trainings,
                            attempts));
        }
        return out;
    }

    private static List<HistoryEvent> history(WorkflowClient client, WorkflowExecution execution) {
        List<HistoryEvent> events = new ArrayList<>();
        com.google.protobuf.ByteString token = com.google.protobuf.ByteString.EMPTY;
        do {
            GetWorkflowExecutionHistoryResponse r =
                    client.getWorkflowServiceStubs()
                            .blockingStub()
                            .getWorkflowExecutionHistory(
                                    GetWorkflowExecutionHistoryRequest.newBuilder()
                                            .setNamespace(client.getOptions().getNamespace())
                                            .setExecution(execution)
                                            .setNextPageToken(token)
                                            .build());
            events.addAll(r.getHistory().getEventsList());
            token = r.getNextPageToken();
        } while (!token.isEmpty());
        return events;
    }

    /**
     * @return the training activities scheduled over every execution of the cell's workflow
     */
    public static int trainings(List<Execution> executions) {
        return executions.stream().mapToInt(Execution::trainings).sum();
    }
}
