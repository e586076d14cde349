// Demo data and test fixture: the appendix of Kế hoạch số 123/KH-UBND ngày 29/5/2023 of the
// Chủ tịch UBND tỉnh Cà Mau (seed 001, Công báo Cà Mau số 43 ngày 30/5/2023), transcribed
// faithfully: wording, evidence ("Tài liệu kiểm chứng phải chuẩn bị"), deadline text, lead and
// cooperating units. Line breaks of the PDF columns are joined; bullets ("- ") and trailing ";"/"."
// of evidence items are dropped. The stored seed ends with task VIII.1; nothing is invented beyond it.

export type ParPlanTask = {
  title: string;
  evidence: string[];
  deadlineText: string;
  leadUnit: string;
  cooperatingUnits: string;
};

export type ParPlanArea = { code: string; title: string; tasks: ParPlanTask[] };

export type ParPlanKpi = {
  content: string;
  targetText: string;
  leadUnit: string;
};

export type ParPlan = {
  title: string;
  documentNumber: string;
  issuedOn: string;
  issuer: string;
  signer: string;
  year: number;
  appendixTitle: string;
  areas: ParPlanArea[];
  kpis: ParPlanKpi[];
};

const SBN_UBND_HUYEN_TP = "Các sở, ban, ngành tỉnh và UBND các huyện, thành phố";
const SBN_COMMA = "Các sở, ban, ngành tỉnh, UBND các huyện, thành phố";
const SBN_SEMI = "Các sở, ban, ngành tỉnh; UBND các huyện, thành phố";
const VP = "Văn phòng UBND tỉnh";

export const PAR_PLAN_2023: ParPlan = {
  title:
    "Kế hoạch cải thiện Chỉ số cải cách hành chính, Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước năm 2023 của tỉnh Cà Mau",
  documentNumber: "123/KH-UBND",
  issuedOn: "2023-05-29",
  issuer: "Chủ tịch Ủy ban nhân dân tỉnh Cà Mau",
  signer: "Lâm Văn Bi (KT. Chủ tịch, Phó Chủ tịch)",
  year: 2023,
  appendixTitle: "Kế hoạch triển khai các nhiệm vụ cải thiện Chỉ số cải cách hành chính, Chỉ số hài lòng về sự phục vụ hành chính năm 2023 của tỉnh Cà Mau",
  areas: [
    {
      code: "I",
      title: "Công tác chỉ đạo điều hành CCHC",
      tasks: [
        {
          title: "Hoàn thành chất lượng, đúng tiến độ các nhiệm vụ được đề ra tại Kế hoạch cải cách hành chính năm 2023 của tỉnh",
          evidence: ["Báo cáo CCHC năm 2023 của tỉnh"],
          deadlineText: "Theo Kế hoạch đã ban hành",
          leadUnit: VP,
          cooperatingUnits: SBN_UBND_HUYEN_TP,
        },
        {
          title: "Thực hiện chế độ báo cáo định kỳ về công tác cải cách hành chính",
          evidence: ["Báo cáo CCHC quý I, 6 tháng, quý III và BC năm 2023"],
          deadlineText: "Theo quy định của Bộ Nội vụ",
          leadUnit: VP,
          cooperatingUnits: SBN_COMMA,
        },
        {
          title: "Tiến hành kiểm tra ít nhất 30% cơ quan chuyên môn cấp tỉnh và UBND cấp huyện",
          evidence: ["Thông báo kết luận kiểm tra"],
          deadlineText: "Trong năm 2023",
          leadUnit: VP,
          cooperatingUnits: SBN_UBND_HUYEN_TP,
        },
        {
          title: "Xử lý 100% các vấn đề được phát hiện sau kiểm tra CCHC",
          evidence: ["Báo cáo khắc phục tồn tại, hạn chế sau kiểm tra"],
          deadlineText: "Theo quy định tại kết luận kiểm tra",
          leadUnit: "Các cơ quan, đơn vị được kiểm tra",
          cooperatingUnits: VP,
        },
        {
          title: "Nghiên cứu, áp dụng sáng kiến hoặc giải pháp mới trong cải cách hành chính",
          evidence: ["Báo cáo"],
          deadlineText: "Trong năm 2023",
          leadUnit: SBN_UBND_HUYEN_TP,
          cooperatingUnits: VP,
        },
        {
          title: "Hoàn thành 100% nhiệm vụ được Chính phủ, Thủ tướng Chính phủ giao",
          evidence: ["Báo cáo"],
          deadlineText: "Trước ngày 15/12/2023",
          leadUnit: VP,
          cooperatingUnits: SBN_COMMA,
        },
      ],
    },
    {
      code: "II",
      title: "Cải cách thể chế",
      tasks: [
        {
          title:
            "Thực hiện đầy đủ, hiệu quả các hoạt động về theo dõi thi hành pháp luật theo quy định, cụ thể:\n- Thu thập thông tin về tình hình thi hành pháp luật;\n- Kiểm tra tình hình thi hành pháp luật;\n- Điều tra, khảo sát tình hình thi hành pháp luật.",
          evidence: [
            "Kế hoạch theo dõi, thi hành pháp luật",
            "Kế hoạch điều tra, khảo sát thi hành pháp luật",
            "Quyết định thành lập Đoàn kiểm tra việc thi hành pháp luật",
            "Báo cáo công tác theo dõi thi hành pháp luật năm 2023 của tỉnh",
          ],
          deadlineText: "Trước ngày 15/01/2024",
          leadUnit: "Sở Tư pháp",
          cooperatingUnits: SBN_UBND_HUYEN_TP,
        },
        {
          title: "Thực hiện công bố danh mục văn bản QPPL do HĐND, UBND tỉnh ban hành hết hiệu lực, ngưng hiệu lực kịp thời, đúng quy định.",
          evidence: ["Quyết định công bố của Chủ tịch UBND tỉnh"],
          deadlineText: "Trước ngày 15/01/2024",
          leadUnit: "Sở Tư pháp",
          cooperatingUnits: SBN_UBND_HUYEN_TP,
        },
        {
          title:
            "Theo dõi, đôn đốc các đơn vị hoàn thành 100% việc xử lý văn bản QPPL sau rà soát; tham mưu xử lý các đơn vị không hoàn thành hoặc hoàn thành không đúng tiến độ.",
          evidence: ["Báo cáo rà soát văn bản QPPL năm 2023", "Danh mục văn bản QPPL được xử lý sau rà soát"],
          deadlineText: "Trong năm 2023",
          leadUnit: "Sở Tư pháp",
          cooperatingUnits: SBN_UBND_HUYEN_TP,
        },
        {
          title: "Theo dõi, đôn đốc các đơn vị hoàn thành 100% việc xử lý văn bản QPPL sai phạm sau kiểm tra của cấp có thẩm quyền (nếu có).",
          evidence: ["Báo cáo và các văn bản có liên quan"],
          deadlineText: "Trong năm 2023",
          leadUnit: "Sở Tư pháp",
          cooperatingUnits: SBN_UBND_HUYEN_TP,
        },
      ],
    },
    {
      code: "III",
      title: "Cải cách thủ tục hành chính",
      tasks: [
        {
          title: "Tham mưu, trình ban hành quyết định công bố TTHC, danh mục TTHC thực hiện trên địa bàn tỉnh",
          evidence: ["Tờ trình (kèm theo dự thảo)"],
          deadlineText: "Thực hiện theo Công văn số 1420/UBND-CCHC ngày 06/3/2023 và Công văn số 3279/UBND-CCHC ngày 08/5/2023",
          leadUnit: "Các sở, ban, ngành tỉnh",
          cooperatingUnits: VP,
        },
        {
          title: "Xử lý các vấn đề phát hiện qua rà soát TTHC",
          evidence: ["Báo cáo kiểm soát TTHC"],
          deadlineText: "Trong năm 2023",
          leadUnit: VP,
          cooperatingUnits: SBN_UBND_HUYEN_TP,
        },
        {
          title: "Nhập, đăng tải công khai TTHC đầy đủ, kịp thời trên Cổng Dịch vụ công quốc gia, Cổng Dịch vụ công của tỉnh, Cổng Thông tin điện tử tỉnh",
          evidence: ["Báo cáo kiểm soát TTHC"],
          deadlineText: "05 ngày làm việc kể từ ngày ký quyết định công bố",
          leadUnit: VP,
          cooperatingUnits: "",
        },
        {
          title:
            "Công khai tiến độ, kết quả giải quyết TTHC trên Hệ thống thông tin giải quyết TTHC tỉnh, bảo đảm 100% cơ quan chuyên môn cấp tỉnh, UBND cấp huyện, cấp xã thực hiện công khai đầy đủ, đúng quy định.",
          evidence: ["Báo cáo kết quả hoạt động của Trung tâm Giải quyết TTHC tỉnh"],
          deadlineText: "Cùng với báo cáo định kỳ về công tác CCHC",
          leadUnit: "Trung tâm Giải quyết TTHC tỉnh",
          cooperatingUnits: SBN_UBND_HUYEN_TP,
        },
        {
          title: "Thực hiện việc xin lỗi người dân, tổ chức khi để xảy ra trễ hẹn trong giải quyết hồ sơ TTHC",
          evidence: ["Văn bản xin lỗi"],
          deadlineText: "Khi có trường hợp giải quyết trễ hạn",
          leadUnit: "Các sở, ban, ngành tỉnh, UBND cấp huyện, cấp xã",
          cooperatingUnits: "Trung tâm Giải quyết TTHC tỉnh",
        },
        {
          title: "Báo cáo đánh giá chất lượng giải quyết thủ tục hành chính của tỉnh",
          evidence: ["Báo cáo"],
          deadlineText: "Trong năm 2023",
          leadUnit: "Trung tâm Giải quyết TTHC tỉnh",
          cooperatingUnits: SBN_COMMA,
        },
        {
          title:
            "Theo dõi, kiểm tra và tham mưu chấn chỉnh việc công khai TTHC trên Trang TTĐT của các sở, ban, ngành tỉnh, UBND các huyện, thành phố, bảo đảm 100% đơn vị thực hiện công khai đúng quy định.",
          evidence: ["Báo cáo kết quả hoạt động năm 2023 của Trung tâm Giải quyết TTHC tỉnh"],
          deadlineText: "Cùng với báo cáo định kỳ về công tác CCHC",
          leadUnit: "Trung tâm Giải quyết TTHC tỉnh",
          cooperatingUnits: SBN_COMMA,
        },
        {
          title: "Tăng cường theo dõi, đôn đốc, nhắc nhở các cơ quan, đơn vị, bảo đảm 100% phản ánh, kiến nghị được xử lý và công khai đúng quy định.",
          evidence: ["Báo cáo"],
          deadlineText: "Trong năm 2023",
          leadUnit: VP,
          cooperatingUnits: SBN_COMMA,
        },
      ],
    },
    {
      code: "IV",
      title: "Cải cách tổ chức bộ máy",
      tasks: [
        {
          title:
            "Kiểm tra, đôn đốc, nhắc nhở các cơ quan chuyên môn cấp tỉnh, UBND cấp huyện thực hiện việc hoàn thiện quy định, chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức đảm bảo theo quy định",
          evidence: ["Các văn bản liên quan đến việc kiểm tra, đôn đốc, nhắc nhở", "Báo cáo kết quả thực hiện"],
          deadlineText: "Trong năm 2023",
          leadUnit: "Sở Nội vụ",
          cooperatingUnits: SBN_COMMA,
        },
        {
          title: "Rà soát, chấn chỉnh việc bổ nhiệm lãnh đạo cấp phòng và tương đương bảo đảm cơ cấu hợp lý, đúng quy định",
          evidence: ["Các văn bản liên quan đến việc rà soát, chấn chỉnh", "Danh sách cơ cấu lãnh đạo cấp phòng và tương đương của tỉnh"],
          deadlineText: "Trong năm 2023",
          leadUnit: "Sở Nội vụ",
          cooperatingUnits: SBN_COMMA,
        },
        {
          title:
            "Thanh tra, kiểm tra việc thực hiện nhiệm vụ quản lý nhà nước đã phân cấp, phân quyền cho cấp huyện, cấp xã; xử lý tất cả các vấn đề về phân cấp, phân quyền phát hiện qua thanh tra, kiểm tra",
          evidence: ["Thông báo kết luận thanh tra, kiểm tra", "Báo cáo khắc phục sau thanh tra, kiểm tra"],
          deadlineText: "Trong năm 2023",
          leadUnit: [
            "- Sở Nội vụ kiểm tra, đánh giá việc phân cấp theo QĐ số 36/2021/QĐ-UBND ngày 17/11/2021, QĐ số 48/2021/QĐ-UBND ngày 20/12/2021, QĐ số 51/2021/QĐ-UBND ngày 27/12/2021, QĐ số 09/2021/QĐ-UBND ngày 13/7/2021 của UBND tỉnh.",
            "- Sở Xây dựng kiểm tra, đánh giá việc phân cấp theo QĐ số 09/2022/QĐ-UBND ngày 12/4/2022 của UBND tỉnh.",
            "- Sở Tài chính kiểm tra, đánh giá việc phân cấp về ngân sách theo Nghị quyết 06/2021/NQ-HĐND ngày 07/12/2021 của HĐND tỉnh.",
            "- Sở Tài nguyên và Môi trường kiểm tra đánh giá việc cấp Giấy chứng nhận quyền sử dụng đất theo quyết định ủy quyền của Giám đốc Sở.",
            "- Ban Dân tộc, Sở Lao động - Thương binh và Xã hội, Sở Nông nghiệp và Phát triển nông thôn kiểm tra, đánh giá việc phân cấp theo QĐ số 12/2023/QĐ-UBND ngày 09/5/2023 của UBND tỉnh",
          ].join("\n"),
          cooperatingUnits: "UBND cấp huyện, cấp xã",
        },
      ],
    },
    {
      code: "V",
      title: "Cải cách chế độ công vụ",
      tasks: [
        {
          title:
            "Chỉ đạo rà soát, xử lý các trường hợp bố trí công chức, viên chức chưa đúng Đề án vị trí việc làm được phê duyệt. Bảo đảm 100% cơ quan, tổ chức hành chính và đơn vị sự nghiệp công lập bố trí công chức, viên chức đúng đề án vị trí việc làm được phê duyệt",
          evidence: [
            "Các văn bản liên quan đến việc rà soát, chấn chỉnh",
            "Báo cáo kết quả thực hiện",
            "Danh mục các đơn vị bố trí đúng và chưa đúng đề án vị trí việc làm",
          ],
          deadlineText: "Trong năm 2023",
          leadUnit: "Sở Nội vụ",
          cooperatingUnits: SBN_SEMI,
        },
        {
          title: "Thực hiện đúng các quy định về tuyển dụng công chức, viên chức; thi nâng ngạch công chức, thăng hạng viên chức",
          evidence: ["Báo cáo và các văn bản có liên quan đến việc tuyển dụng, thi nâng ngạch, thăng hạng"],
          deadlineText: "Thể hiện tại báo cáo CCHC định kỳ theo quy định",
          leadUnit: "Sở Nội vụ",
          cooperatingUnits: SBN_SEMI,
        },
        {
          title:
            "Theo dõi, cập nhật, kiểm tra việc bổ nhiệm các chức danh lãnh đạo, quản lý tại các cơ quan hành chính (lãnh đạo cấp sở và tương đương; cấp phòng và tương đương), bảo đảm tất cả các trường hợp được thực hiện đúng quy định",
          evidence: ["Báo cáo kèm Danh sách trích ngang các công chức được bổ nhiệm các chức danh lãnh đạo, quản lý"],
          deadlineText: "Trong năm 2023",
          leadUnit: "Sở Nội vụ",
          cooperatingUnits: SBN_SEMI,
        },
        {
          title: "Chỉ đạo rà soát, sắp xếp đội ngũ cán bộ, công chức cấp xã, bảo đảm 100% đạt chuẩn theo quy định",
          evidence: ["Báo cáo chất lượng đội ngũ cán bộ, công chức cấp xã (theo mẫu do Bộ Nội vụ quy định)"],
          deadlineText: "Trong năm 2023",
          leadUnit: "Sở Nội vụ",
          cooperatingUnits: "Các sở, ban, ngành tỉnh; UBND cấp huyện, cấp xã",
        },
        {
          title:
            "Theo dõi, đôn đốc, nhắc nhở các đơn vị hoàn thành 100% các chỉ tiêu, nhiệm vụ đào tạo, bồi dưỡng cán bộ, công chức, viên chức theo kế hoạch năm 2023",
          evidence: ["Báo cáo"],
          deadlineText: "Theo quy định của Bộ Nội vụ",
          leadUnit: "Sở Nội vụ",
          cooperatingUnits: SBN_SEMI,
        },
      ],
    },
    {
      code: "VI",
      title: "Cải cách tài chính công",
      tasks: [
        {
          title: "Theo dõi, đôn đốc các cơ quan, đơn vị liên quan thực hiện hoàn thành việc giải ngân kế hoạch đầu tư vốn ngân sách nhà nước",
          evidence: ["Báo cáo"],
          deadlineText: "Trong năm 2023",
          leadUnit: "Sở Kế hoạch và Đầu tư",
          cooperatingUnits: SBN_SEMI,
        },
        {
          title:
            "Theo dõi, đôn đốc các cơ quan, đơn vị thực hiện các kết luận, kiến nghị sau thanh tra, kiểm tra, kiểm toán nhà nước về tài chính, ngân sách; xử lý; tham mưu xử lý các trường hợp chậm trễ",
          evidence: ["Công văn đôn đốc, nhắc nhở", "Báo cáo kết quả thực hiện"],
          deadlineText: "Trong năm 2023",
          leadUnit: "Sở Tài chính",
          cooperatingUnits: SBN_SEMI,
        },
        {
          title: "Kiểm tra việc thực hiện các quy định về quản lý, sử dụng tài sản công",
          evidence: ["Các văn bản liên quan đến việc kiểm tra: Kế hoạch, quyết định thành lập đoàn kiểm tra, biên bản kiểm tra..."],
          deadlineText: "Trong năm 2023",
          leadUnit: "Sở Tài chính",
          cooperatingUnits: SBN_SEMI,
        },
        {
          title:
            "Có thêm ít nhất 01 đơn vị sự nghiệp công lập tự bảo đảm chi thường xuyên, 01 đơn vị sự nghiệp công lập tự bảo đảm từ 70 đến dưới 100% chi thường xuyên, 01 đơn vị sự nghiệp công lập tự bảo đảm từ 30 đến dưới 70% chi thường xuyên và 01 đơn vị sự nghiệp công lập tự bảo đảm từ 10 đến dưới 30% chi thường xuyên",
          evidence: ["Quyết định"],
          deadlineText: "Trong năm 2023",
          leadUnit: SBN_SEMI,
          cooperatingUnits: "Sở Tài chính",
        },
      ],
    },
    {
      code: "VII",
      title: "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
      tasks: [
        {
          title:
            "Tổ chức duy trì, cập nhật Kiến trúc Chính quyền điện tử tỉnh Cà Mau; triển khai kết nối với Nền tảng điện toán đám mây Chính phủ theo quy định",
          evidence: ["Báo cáo"],
          deadlineText: "Trong năm 2023",
          leadUnit: "Sở Thông tin và truyền thông",
          cooperatingUnits: SBN_SEMI,
        },
        {
          title: "100% ứng dụng, hệ thống thông tin có dữ liệu dùng chung được kết nối, sử dụng qua Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)",
          evidence: ["Báo cáo"],
          deadlineText: "Trong năm 2023",
          leadUnit: "Sở Thông tin và truyền thông",
          cooperatingUnits: SBN_SEMI,
        },
        {
          title: "Thực hiện kết nối, đưa vào sử dụng 100% dịch vụ dữ liệu có trên Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP)",
          evidence: ["Báo cáo"],
          deadlineText: "Trong năm 2023",
          leadUnit: "Sở Thông tin và truyền thông",
          cooperatingUnits: SBN_SEMI,
        },
        {
          title:
            "Theo dõi, kiểm tra, đôn đốc, nhắc nhở các đơn vị hoàn thành mục tiêu về xử lý hồ sơ trên môi trường mạng theo Kế hoạch CCHC năm 2023 của tỉnh; tất cả văn bản (trừ văn bản, hồ sơ mật) được trao đổi dưới dạng điện tử",
          evidence: ["Báo cáo"],
          deadlineText: "Trong năm 2023",
          leadUnit: "Sở Thông tin và Truyền thông",
          cooperatingUnits: SBN_SEMI,
        },
        {
          title:
            "Đẩy mạnh công tác tuyên truyền, phổ biến nhằm nâng cao hiệu quả sử dụng dịch vụ công trực tuyến, bảo đảm tỷ lệ hồ sơ giải quyết trực tuyến toàn trình của tỉnh đạt theo quy định",
          evidence: ["Bảng thống kê kết quả sử dụng dịch vụ công trực tuyến toàn trình của tỉnh"],
          deadlineText: "Trong năm 2023",
          leadUnit: "Trung tâm Giải quyết thủ tục hành chính tỉnh",
          cooperatingUnits: SBN_SEMI,
        },
        {
          title:
            "100% TTHC có yêu cầu nghĩa vụ tài chính và có đủ điều kiện thực hiện thanh toán trực tuyến được tích hợp, cung cấp trên Cổng Dịch vụ công quốc gia",
          evidence: ["Báo cáo"],
          deadlineText: "Trong tháng 7 năm 2023",
          leadUnit: "Trung tâm Giải quyết thủ tục hành chính tỉnh",
          cooperatingUnits: SBN_SEMI,
        },
        {
          title:
            "Nghiên cứu, tham mưu, đề xuất chính sách “Rút ngắn thời gian xử lý hồ sơ trực tuyến so với xử lý hồ sơ giấy” để khuyến khích người dân, doanh nghiệp sử dụng dịch vụ công trực tuyến",
          evidence: ["Văn bản tham mưu, đề xuất chính sách “Rút ngắn thời gian xử lý hồ sơ trực tuyến so với xử lý hồ sơ giấy”"],
          deadlineText: "Trong tháng 7 năm 2023",
          leadUnit: VP,
          cooperatingUnits: SBN_SEMI,
        },
      ],
    },
    {
      code: "VIII",
      title: "Tác động của CCHC đến người dân, tổ chức và phát triển kinh tế - xã hội của tỉnh",
      tasks: [
        {
          title:
            "Tiếp tục rà soát những thủ tục hành chính có liên quan đến hoạt động kinh doanh của người dân, doanh nghiệp, kiến nghị cấp có thẩm quyền cắt giảm, đơn giản hóa điều kiện kinh doanh",
          evidence: ["Tờ trình về việc kiến nghị đơn giản hóa thủ tục hành chính lĩnh vực đăng ký kinh doanh"],
          deadlineText: "Trong tháng 6 năm 2023",
          leadUnit: "Sở Kế hoạch và Đầu tư",
          cooperatingUnits: "Các đơn vị có liên quan",
        },
      ],
    },
  ],
  // Quantified goals stated in the body of the plan (sections I and II).
  kpis: [
    {
      content: "Cải thiện thứ hạng Chỉ số cải cách hành chính của tỉnh trong năm 2023",
      targetText: "Cải thiện ít nhất 05 bậc",
      leadUnit: VP,
    },
    {
      content: "Hoàn thành đúng tiến độ nhiệm vụ được đề ra tại Kế hoạch cải cách hành chính năm 2023 của tỉnh",
      targetText: "100%",
      leadUnit: VP,
    },
    {
      content: "Kiểm tra số cơ quan chuyên môn thuộc UBND tỉnh, UBND các huyện, thành phố",
      targetText: "Ít nhất 30%",
      leadUnit: VP,
    },
    {
      content: "Sáng kiến hoặc giải pháp mới về cải cách hành chính được Bộ Nội vụ công nhận",
      targetText: "Ít nhất 03 sáng kiến",
      leadUnit: VP,
    },
    {
      content: "Hồ sơ của các cấp được giải quyết đúng hạn",
      targetText: "100%",
      leadUnit: VP,
    },
    {
      content: "Công chức, viên chức được bố trí đúng đề án vị trí việc làm được phê duyệt",
      targetText: "100%",
      leadUnit: "Sở Nội vụ",
    },
    {
      content: "Giải ngân kế hoạch đầu tư vốn ngân sách nhà nước",
      targetText: "Đạt 100%",
      leadUnit: "Sở Kế hoạch và Đầu tư",
    },
  ],
};

/** Column headers of the appendix table, as printed. */
export const PAR_PLAN_2023_HEADERS = [
  "Nhiệm vụ chung",
  "Nhiệm vụ cụ thể",
  "Tài liệu kiểm chứng phải chuẩn bị",
  "Thời gian thực hiện, hoàn thành",
  "Cơ quan chủ trì",
  "Cơ quan phối hợp",
] as const;

/**
 * The appendix as a table (title rows, header row, then one row per task). The area cell is
 * filled on the first task of each area and blank below it, as merged cells read back from XLSX;
 * tasks are numbered "1.", "2." in the text like the printed appendix.
 */
export function parPlan2023AsRows(): string[][] {
  const rows: string[][] = [
    ["Phụ lục"],
    [PAR_PLAN_2023.appendixTitle.toUpperCase()],
    [`(Kèm theo Kế hoạch số ${PAR_PLAN_2023.documentNumber} ngày 29/5/2023 của Chủ tịch Ủy ban nhân dân tỉnh Cà Mau)`],
    [],
    [...PAR_PLAN_2023_HEADERS],
  ];
  for (const area of PAR_PLAN_2023.areas) {
    area.tasks.forEach((task, i) => {
      rows.push([
        i === 0 ? `${area.code}. ${area.title}` : "",
        `${i + 1}. ${task.title}`,
        task.evidence.length > 1 ? task.evidence.map((e) => `- ${e};`).join("\n") : (task.evidence[0] ?? ""),
        task.deadlineText,
        task.leadUnit,
        task.cooperatingUnits,
      ]);
    });
  }
  return rows;
}

export function parPlan2023TaskCount(): number {
  return PAR_PLAN_2023.areas.reduce((n, a) => n + a.tasks.length, 0);
}
